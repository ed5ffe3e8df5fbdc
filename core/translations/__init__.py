"""Translations of the wording sent to victims: review status, coverage and the Babel workflow."""
