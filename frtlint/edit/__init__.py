"""Source edits frtlint makes on request (suppression comments)."""
