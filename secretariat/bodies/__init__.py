"""The council and its working groups, and who sits on them."""
