"""What frtlint shows on a terminal: the full text report, colour, progress."""
