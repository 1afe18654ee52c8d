"""The embeddable widget: options, the view of a document, the sparkline, the weather
icons, the page drawn from them (templates/, assets/), and its prepared responses with
``/embed.js``."""
