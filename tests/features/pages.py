"""Read the toolkit's pages as a user sees them, and fill in its forms as a browser would.

A small tree built with the standard library's HTML parser: enough to find the elements a person
looks at (a table row, a chronology entry, an error message) instead of searching raw HTML.
"""

from html.parser import HTMLParser

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def squash(text):
    """``text`` with every run of whitespace made one space (how a browser shows it)."""
    return " ".join((text or "").split())


class Element:
    """One element of a parsed page."""

    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = {name: ("" if value is None else value) for name, value in attrs}
        self.parent = parent
        self.children = []

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    @property
    def raw_text(self):
        """All the text inside, as written (entities decoded)."""
        return "".join(child if isinstance(child, str) else child.raw_text for child in self.children)

    @property
    def text(self):
        """All the text inside, as a browser shows it."""
        return squash(self.raw_text)

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def _matches(self, tag, attrs):
        if tag is not None and self.tag != tag:
            return False
        for name, wanted in attrs.items():
            name = name.rstrip("_").replace("_", "-")
            if name not in self.attrs:
                return False
            if wanted is True:
                continue
            if name == "class":
                if wanted not in self.attrs["class"].split():
                    return False
            elif self.attrs[name] != wanted:
                return False
        return True

    def find_all(self, tag=None, **attrs):
        """Every element inside matching ``tag`` and ``attrs`` (``class_`` matches one class; True: present)."""
        return [element for element in self.iter() if element._matches(tag, attrs)]

    def find(self, tag=None, **attrs):
        """The first matching element inside, or None."""
        return next(iter(self.find_all(tag, **attrs)), None)

    def one(self, tag=None, **attrs):
        """The only matching element inside (fails the test if there are none or several)."""
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag or '*'} {attrs}>, found {len(found)}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [])
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID_TAGS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_page(html):
    """The page ``html`` as a tree of :class:`Element`."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def page_of(response, status=200):
    """The page a browser shows for ``response``, after checking it came with ``status``."""
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return parse_page(response.get_data(as_text=True))


def label_text(page, control):
    """The text of the ``<label>`` for ``control`` (without "(optional)")."""
    label = page.find("label", for_=control.attrs.get("id", "\0"))
    if label is None:
        return ""
    optional = label.find("span", class_="optional")
    text = label.text
    return squash(text[: -len(optional.text)]) if optional is not None and text.endswith(optional.text) else text


def form_values(form):
    """What a browser would post for ``form`` untouched: inputs, checked radios, selected options."""
    values = {}
    for control in form.iter():
        name = control.attrs.get("name")
        if not name or "disabled" in control.attrs:
            continue
        if control.tag == "input":
            kind = control.attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in control.attrs:
                    values[name] = control.attrs.get("value", "on")
            elif kind not in ("submit", "button", "image", "reset", "file"):
                values[name] = control.attrs.get("value", "")
        elif control.tag == "select":
            options = control.find_all("option")
            chosen = [o for o in options if "selected" in o.attrs] or options[:1]
            if chosen:
                values[name] = chosen[0].attrs.get("value", chosen[0].text)
        elif control.tag == "textarea":
            values[name] = control.raw_text
    return values


def form_posting_to(page, prefix):
    """The form whose action starts with ``prefix`` (fails the test if there is none)."""
    forms = [form for form in page.find_all("form") if form.attrs.get("action", "").startswith(prefix)]
    assert forms, f"no form posting to {prefix} on the page"
    return forms[0]


# --- The pages the scenarios look at -------------------------------------------------------


def sandbox_captures(page):
    """The sandbox page's captured messages: what each victim would have received, newest first."""
    captures = []
    for item in page.find_all("li", class_="capture"):
        message = item.one("div", class_="capture__message")
        subject = message.find("p", class_="capture__subject")
        html_link = item.find("a", href=True)
        captures.append({
            "meta": item.one("p", class_="capture__meta").text,
            "recipient": item.one("span", data_recipient=True).text,
            "lang": message.attrs.get("lang"),
            "subject": subject.text if subject is not None else None,
            "body": message.one("p", class_="capture__body").raw_text,
            "html_link": html_link.attrs["href"] if html_link is not None else None,
        })
    return captures


def crime_record(page):
    """The crime page: its messages table and its chronology (a timeline of records entries, each with
    its heading in words, its text as written and each records system's progress)."""
    messages = []
    table = page.find("table", data_table="messages")
    if table is not None:
        for row in table.one("tbody").find_all("tr"):
            cells = [cell.text for cell in row.find_all("td")]
            messages.append(dict(zip(("stored", "message", "to", "language", "status"), cells)))
    entries = []
    timeline = page.find("div", data_list="entries")
    if timeline is not None:
        for item in timeline.find_all("div", class_="moj-timeline__item"):
            english = item.find("p", data_english_text=True)
            entries.append({
                "title": item.one("h3", class_="moj-timeline__title").text,
                "meta": " · ".join(item.one(None, class_=part).text for part in
                                   ("moj-timeline__title", "moj-timeline__byline", "moj-timeline__date")),
                "text": item.one("p", data_entry_text=True).raw_text,
                "text_dir": item.one("p", data_entry_text=True).attrs.get("dir"),
                "english": english.raw_text if english is not None else None,
                "english_lang": english.attrs.get("lang") if english is not None else None,
                "writes": [w.text for w in item.one("ul", data_writes=True).find_all("li")],
            })
    return {"messages": messages, "entries": entries}
