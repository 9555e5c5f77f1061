"""Words on screen: the interface language, names of spec keys, translated messages."""
