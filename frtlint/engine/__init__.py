"""The run: discover files, prefilter, parse (cached, in parallel), check, suppress."""
