"""Reading what a page loader prefetched, so selectors and predicates need not ask again."""


def prefetched(obj, name: str):
    """The rows of ``obj.<name>`` prefetched for this request (a list), else None.

    Page loaders (``proposal_page_get``, ``case_page_get_for``) prefetch what their page reads
    several times; a selector or permission predicate that finds the rows here uses them, and
    otherwise queries as usual.
    """
    return getattr(obj, "_prefetched_objects_cache", {}).get(name)
