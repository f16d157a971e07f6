/* A shared library that is not a catalogue plugin: it does not export catalogue_plugin_entry. */
int not_a_catalogue_plugin(void) { return 42; }
