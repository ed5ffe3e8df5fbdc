"""``mad worker`` and ``celery -A core.worker``: what they refuse to start without, and what they run."""

from click.testing import CliRunner

from core.cli import main
from core.config import parse_config
from core.runtime import Toolkit
from core.testing import SECRET, base_config
from core.worker import worker_argv


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_mad_worker_without_a_broker_says_what_to_set(tmp_path):
    instance = str(tmp_path / "instance")
    env = {"MAD_SECRET_KEY": SECRET, "MAD_BROKER_URL": ""}
    assert run("--instance", instance, "init", env=env).exit_code == 0
    result = run("--instance", instance, "worker", env=env)
    assert result.exit_code == 1 and "Workers need a broker: set MAD_BROKER_URL" in result.output


def test_mad_worker_runs_celery_on_the_instance_queue_with_the_sweeper_when_asked(tmp_path):
    data = base_config()
    data["dispatcher"]["queue"] = "mad-northshire"
    config = parse_config(data, tmp_path, environ={"MAD_SECRET_KEY": SECRET, "MAD_BROKER_URL": "redis://127.0.0.1:6379/0",
                                                   "MAD_DATABASE_URL": f"sqlite:///{tmp_path / 'mad.sqlite3'}"})
    mad = Toolkit(config)
    argv = worker_argv(mad, concurrency=16, beat=True)
    assert argv[0] == "worker" and "--queues=mad-northshire,mad-northshire.sweep" in argv and "--concurrency=16" in argv
    assert "--beat" in argv and "--pool=threads" in argv
    assert "--beat" not in worker_argv(mad)
    schedule = mad.dispatcher.celery.conf.beat_schedule
    assert schedule["mad-sweep"]["task"] == "mad.sweep"
    assert schedule["mad-sweep"]["schedule"] == config.dispatcher["sweep_seconds"]
    assert mad.dispatcher.celery.amqp.router.route({}, "mad.sweep")["queue"].name == "mad-northshire.sweep"
    mad.db.dispose()
