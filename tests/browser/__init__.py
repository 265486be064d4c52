"""Browser tests: a package so their modules never clash with other tests' names."""
