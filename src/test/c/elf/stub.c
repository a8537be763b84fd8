/* The body of every stand-in library: these files are read by the tests, never loaded. */
int slimline_fixture_symbol;
