"""Records: chronology entries, the records-writer outbox and crime-reference checks."""
