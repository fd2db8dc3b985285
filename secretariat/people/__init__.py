"""People the secretariat deals with: council members and their alternates, ministry and
municipality representatives, experts, organisations' contacts, speakers; the directory,
its imports and exports, and merging two records of the same person."""
