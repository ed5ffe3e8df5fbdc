"""How much of each language is translated, missing and still a draft.

Called by ``mad translations coverage``. Works on the running toolkit, so it counts the templates
and catalogues every enabled plugin contributes, and the review status VSCs have recorded.
"""

from core.i18n import SOURCE_LOCALE
from core.translations.review import all_template_msgids, unreviewed
from core.translations.workflow import Coverage, WorkflowError, interface_msgids


def _present(catalogue, code, msgids):
    return [m for m in msgids if catalogue.lookup(code, m) is not None]


def coverage(mad, root=None):
    """One :class:`Coverage` per offered language and domain (``templates``, then ``messages``).

    Template wording: translated, missing (sent in English) and draft (translated, not reviewed).
    Interface text (from ``locales/messages.pot``, when the source checkout has one): translated
    and missing. Returns a list.
    """
    template_ids = all_template_msgids(mad)
    try:
        ui_ids = interface_msgids(root)
    except WorkflowError:
        ui_ids = None
    rows = []
    for info in mad.locales:
        if info.code == SOURCE_LOCALE:
            continue
        done = _present(mad.template_catalogue, info.code, template_ids)
        with mad.session() as session:
            drafts = unreviewed(mad, session, info.code, done)
        rows.append(Coverage(info.code, "templates", len(template_ids), len(done), len(template_ids) - len(done),
                             len(drafts)))
        if ui_ids is not None:
            ui_done = _present(mad.ui_catalogue, info.code, ui_ids)
            rows.append(Coverage(info.code, "messages", len(ui_ids), len(ui_done), len(ui_ids) - len(ui_done), None))
    return rows
