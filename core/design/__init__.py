"""The design document: the spec (parse, dump, versions), its checks, paths into it, its costs."""
