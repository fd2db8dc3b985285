"""The signatory register: organisations and their contacts, imports, the
municipal contacts directory, the Enterprise Register sync and correction proposals."""
