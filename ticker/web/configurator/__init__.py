"""The demo page at ``/``: a configurator of the widget, with preview and snippets."""
