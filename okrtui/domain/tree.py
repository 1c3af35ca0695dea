"""The alignment tree of a quarter: company → team → person, as the links say.

Nodes are objectives and the key results other objectives align to; each carries the progress and
status its view already computed (domain/views: the roll-up rule lives there, not here). Roots are
the objectives that align to nothing shown (higher levels first). A KR with its own check-ins keeps
its own bar and has its aligned objectives beneath it all the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from okrtui.domain.models import OBJECTIVE_LEVELS
from okrtui.domain.views import KRView, ObjectiveView, QuarterView


@dataclass
class TreeNode:
    row: str  # "o3" objective 3, "k7" key result 7: the ids every list uses
    depth: int
    objective: ObjectiveView | None = None
    kr: KRView | None = None
    children: list["TreeNode"] = field(default_factory=list)

    @property
    def progress(self) -> float:
        return self.objective.progress if self.objective is not None else self.kr.progress  # type: ignore[union-attr]

    @property
    def status(self) -> str:
        return self.objective.status if self.objective is not None else self.kr.status  # type: ignore[union-attr]


def alignment_tree(view: QuarterView, shown: set[int] | None = None) -> list[TreeNode]:
    """The quarter's objectives as a forest. `shown`: the objective ids to include (a filter);
    an objective whose parent is filtered out becomes a root, so nothing shown is lost."""
    views = {o.id: o for o in view.objectives if shown is None or o.id in shown}
    kr_owner = {k.id: o.id for o in view.objectives for k in o.key_results}

    def parent_of(o: ObjectiveView) -> int | None:
        """The objective a shown objective hangs under, if that one is shown too."""
        obj = o.objective
        if obj.parent_id is not None and obj.parent_id in views:
            return obj.parent_id
        if obj.parent_kr_id is not None and kr_owner.get(obj.parent_kr_id) in views:
            return kr_owner[obj.parent_kr_id]
        return None

    def order(o: ObjectiveView) -> tuple:
        return (OBJECTIVE_LEVELS.index(o.objective.level), o.objective.team, o.id)

    def build(o: ObjectiveView, depth: int, path: frozenset[int]) -> TreeNode:
        node = TreeNode(f"o{o.id}", depth, objective=o)
        path = path | {o.id}
        under = [c for c in views.values() if parent_of(c) == o.id and c.id not in path]
        for k in o.key_results:
            aligned = sorted((c for c in under if c.objective.parent_kr_id == k.id), key=order)
            if aligned:
                kr_node = TreeNode(f"k{k.id}", depth + 1, kr=k)
                kr_node.children = [build(c, depth + 2, path) for c in aligned]
                node.children.append(kr_node)
        direct = sorted((c for c in under if c.objective.parent_id == o.id), key=order)
        node.children += [build(c, depth + 1, path) for c in direct]
        return node

    roots = sorted((o for o in views.values() if parent_of(o) is None), key=order)
    return [build(o, 0, frozenset()) for o in roots]


def flatten(nodes: list[TreeNode], collapsed: set[str] = frozenset()) -> list[TreeNode]:  # type: ignore[assignment]
    """The rows to show, depth first; the children of a collapsed node are left out."""
    out: list[TreeNode] = []
    for node in nodes:
        out.append(node)
        if node.row not in collapsed:
            out += flatten(node.children, collapsed)
    return out


def path_to(nodes: list[TreeNode], row: str) -> list[str]:
    """The rows above `row` (root first), to expand before jumping to it; [] when it is not in the tree."""
    for node in nodes:
        if node.row == row:
            return [node.row]
        below = path_to(node.children, row)
        if below:
            return [node.row, *below]
    return []
