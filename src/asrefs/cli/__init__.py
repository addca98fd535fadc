"""cli: the command line, a thin layer over the library: argument parsing, dispatch,
progress, output files and exit statuses."""
