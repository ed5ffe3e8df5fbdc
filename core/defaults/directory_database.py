"""Built-in directory provider: the force's own directory, kept in the toolkit's database by VSCs.

Registered ``trylast`` so that a force's providers come first when results tie.
"""

from core import hookimpl
from core.directory.database import DatabaseProvider


@hookimpl(trylast=True)
def register_directory_providers(mad):
    """Contribute the database provider."""
    return [DatabaseProvider(mad)]
