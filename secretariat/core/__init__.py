"""The ground floor: dates, text, types, audit, pagination. Imports no area."""
