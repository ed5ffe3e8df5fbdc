"""The shipped WSDL, the contract with PoliceWorks: where it lies, and what its EntryType allows.

The entry types are read from the WSDL itself, so the client's check of an entry and the
simulator's check of a request follow the contract, and a new type is added in one place.
"""

from functools import lru_cache
from importlib import resources

from lxml import etree

XSD = "http://www.w3.org/2001/XMLSchema"


def shipped_wsdl_path():
    """The WSDL shipped inside the plugin (the default ``wsdl`` setting)."""
    return str(resources.files("plugins.records_policeworks").joinpath("policeworks.wsdl"))


@lru_cache(maxsize=1)
def entry_types():
    """The values of the shipped WSDL's ``EntryType``, in its order (read once)."""
    tree = etree.parse(shipped_wsdl_path())
    return tuple(tree.xpath("//xs:simpleType[@name='EntryType']//xs:enumeration/@value", namespaces={"xs": XSD}))
