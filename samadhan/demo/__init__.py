"""The demo workspace: a multilingual home-appliance shop with a lived-in inbox.

``samadhan demo`` loads it through the ordinary services, so the demo shows
exactly what the product does with real input. The conversations are written
for Samadhan: customers in Hindi (some romanised), Marathi, Telugu, Latvian
(some typed without diacritics) and English, agents answering in kind.
"""
