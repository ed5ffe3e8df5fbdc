"""The service directory: support services officers signpost victims to.

Providers (``register_directory_providers``) supply services; :mod:`core.directory.finder`
merges and ranks them; :mod:`core.directory.editing` keeps the built-in directory true; the
import and export modules speak Open Referral UK (HSDS 3.0) JSON and CSV.
"""
