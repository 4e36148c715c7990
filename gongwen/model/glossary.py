"""Number glossary terms by their first appearance and link that appearance to the entry."""

from __future__ import annotations

from gongwen.model.document import Document, Term


def number_terms(doc: Document) -> list[int]:
    """Number `doc.glossary` terms in order of first appearance; return indices of absent terms.

    The first occurrence of each term (or of one of its `also` spellings) is recorded on the
    heading or paragraph that holds it, so renderers can link it to the entry.
    """
    if doc.glossary is None:
        return []
    found: list[tuple[int, int, Term]] = []  # (node position, offset, term)
    missing = []
    nodes = list(doc.text_nodes())
    for index, term in enumerate(doc.glossary.terms):
        hit = _first_occurrence(nodes, term)
        if hit is None:
            missing.append(index)
        else:
            found.append((*hit, term))
    for number, (node_index, offset, term) in enumerate(sorted(found, key=lambda f: f[:2]), 1):
        term._number = number
        node = nodes[node_index]
        length = next(len(s) for s in (term.term, *term.also) if node.full_text.startswith(s, offset))
        node._links.append((offset, offset + length, number))
    return missing


def _first_occurrence(nodes: list, term: Term) -> tuple[int, int] | None:
    for node_index, node in enumerate(nodes):
        offsets = [node.full_text.find(s) for s in (term.term, *term.also)]
        offsets = [o for o in offsets if o >= 0]
        if offsets:
            return node_index, min(offsets)
    return None
