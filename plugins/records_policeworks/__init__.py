"""PoliceWorks records writer: every chronology entry written into the crime record over SOAP.

The plugin ships the records service's WSDL (``policeworks.wsdl``), writes entries through a zeep
client that reuses one HTTP session, checks crime references against the records system before
anything is stored, and brings ``mad records-simulator``, a loopback stand-in for PoliceWorks that
speaks the same WSDL for demos, tests and benchmarks.
"""
