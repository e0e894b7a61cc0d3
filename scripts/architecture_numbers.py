"""The structure numbers of docs/architecture.md: app-to-app import edges, mutual pairs, cycles,
imports inside functions, back edges in .importlinter, largest files.

Run: python3 scripts/architecture_numbers.py [repo]   (needs networkx: apt install python3-networkx)
"""
import ast
import itertools
import pathlib
import re
import sys

import networkx as nx
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/work/main") / "layoffwatch"
EXCL = {"tests", "testing", "migrations"}
edges = set(); infn = 0; infn_cross = 0; sizes = []
def app_of(mod):
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "layoffwatch" else None
for f in root.rglob("*.py"):
    rel = f.relative_to(root.parent)
    parts = rel.parts
    if any(p in EXCL for p in parts) or len(parts) < 3:
        continue
    app = parts[1]
    src = f.read_text()
    sizes.append((src.count("\n"), str(rel)))
    tree = ast.parse(src)
    pkg = ".".join(rel.with_suffix("").parts)
    def target(node):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")[: -node.level] if not f.name == "__init__.py" else pkg.split(".")[: -node.level + 1 or None]
                return ".".join(base + ([node.module] if node.module else []))
            return node.module or ""
        return node.names[0].name
    fn_nodes = set()
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for m in ast.walk(n):
                if isinstance(m, (ast.Import, ast.ImportFrom)):
                    fn_nodes.add(id(m))
    for n in ast.walk(tree):
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            t = target(n); other = app_of(t)
            if id(n) in fn_nodes:
                infn += 1
                if other and other != app: infn_cross += 1
            if isinstance(n, ast.ImportFrom) and n.module is None and n.level == 0: continue
            if other and other != app and other not in EXCL:
                if isinstance(n, ast.ImportFrom) and t == "layoffwatch":
                    continue
                edges.add((app, other))
G = nx.DiGraph(edges)
mutual = {tuple(sorted(e)) for e in edges if (e[1], e[0]) in edges}
sccs = [c for c in nx.strongly_connected_components(G) if len(c) > 1]
cyc = sum(1 for _ in itertools.islice(nx.simple_cycles(G), 100000))
print("app-to-app edges", len(edges))
print("mutual pairs", len(mutual), sorted(mutual))
print("largest SCC", max((len(c) for c in sccs), default=0), [sorted(c) for c in sccs])
print("elementary cycles", cyc)
print("imports inside functions", infn, "cross-app", infn_cross)
ign = [l for l in (root.parent / ".importlinter").read_text().splitlines() if re.match(r"\s+layoffwatch\.\w+\.(?!tests)\S* -> ", l)]
print("ignored back edges", len(ign))
print("largest files", sorted(sizes, reverse=True)[:6])
