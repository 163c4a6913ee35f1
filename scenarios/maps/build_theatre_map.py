#!/usr/bin/env python3
"""Build ``theatre.json``: a small South and Central Asia map from Natural Earth outlines.

Source data: Natural Earth 1:50m admin-0 countries (public domain), as packaged in
TopoJSON by the npm package ``world-atlas`` version 2.x. Get it with::

    cd /tmp && npm install world-atlas@2

then regenerate the map (from the repository root)::

    python scenarios/maps/build_theatre_map.py \\
        /tmp/node_modules/world-atlas/countries-50m.json \\
        -o scenarios/maps/theatre.json

The script uses only the standard library. It

1. decodes the TopoJSON itself (quantized, delta-encoded arcs; transform scale and
   translate; arcs referenced by index, a negative index ``~i`` meaning arc ``i``
   reversed; Polygon and MultiPolygon geometries);
2. simplifies each *arc* with Douglas-Peucker (arc end points are kept), so borders
   shared by two countries stay identical on both sides after simplification;
3. assembles each polygon's outer ring (holes are dropped) and clips it to the frame
   with Sutherland-Hodgman against the rectangle;
4. rounds coordinates to 3 decimals, drops repeated points and rings that become
   empty or degenerate (fewer than 4 points once closed, or zero area);
5. writes deterministic, compact JSON (regions sorted by id).

Borders are illustrative and imply no position on any territorial claim.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math

FRAME = {"lon_min": 44, "lat_min": 18, "lon_max": 98, "lat_max": 50}
DEFAULT_TOLERANCE = 0.03  # degrees, Douglas-Peucker
DECIMALS = 3

MAP_ID = "south-central-asia"
MAP_NAME = "South and Central Asia"
SOURCE = "Natural Earth 1:50m admin-0 countries via world-atlas 2.x (public domain)"
NOTE = (
    "Borders are illustrative and imply no position on any territorial claim "
    "(Kashmir, Aksai Chin, Arunachal Pradesh, the Durand Line)."
)

# world-atlas id (ISO 3166-1 numeric) -> (region id, role).
# Region ids are ISO 3166-1 alpha-3 codes.
THEATRE = {
    "004": "AFG",
    "586": "PAK",
    "356": "IND",
    "364": "IRN",
    "156": "CHN",
    "762": "TJK",
    "860": "UZB",
    "795": "TKM",
    "417": "KGZ",
    "398": "KAZ",
    "643": "RUS",
}
CONTEXT = {
    "524": "NPL",
    "064": "BTN",
    "050": "BGD",
    "104": "MMR",
    "496": "MNG",
    "512": "OMN",
    "784": "ARE",
    "031": "AZE",
    "051": "ARM",
    "268": "GEO",
    "792": "TUR",
    "368": "IRQ",
    "682": "SAU",
    "634": "QAT",
    "414": "KWT",
    "048": "BHR",
    "144": "LKA",  # lies wholly south of the frame: clipped away, so absent from the output
    # Not in the original brief's list but they poke into the frame's edges and
    # leave visible holes without them.
    "887": "YEM",
    "764": "THA",
}
# Natural Earth features without an ISO numeric id, matched by name instead.
# "Siachen Glacier" is a separate Natural Earth admin-0 unit; without it the map has a
# hole between India, Pakistan and China. KAS is Natural Earth's own ADM0_A3 code.
CONTEXT_BY_NAME = {
    "Siachen Glacier": "KAS",
}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Decode TopoJSON arcs into absolute [lon, lat] coordinates."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        pts = []
        for p in arc:
            x += p[0]
            y += p[1]
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def _seg_dist(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from p to segment ab."""
    ax, ay = a
    bx, by = b
    px, py = p
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0.0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker simplification (iterative), keeping both end points."""
    n = len(pts)
    if n <= 2 or tol <= 0:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        best, best_k = -1.0, -1
        for k in range(i + 1, j):
            d = _seg_dist(pts[k], pts[i], pts[j])
            if d > best:
                best, best_k = d, k
        if best > tol:
            keep[best_k] = True
            stack.append((i, best_k))
            stack.append((best_k, j))
    return [p for p, k in zip(pts, keep, strict=True) if k]


def ring_from_arcs(
    indices: list[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    """Stitch arcs (negative index ~i = arc i reversed) into one ring."""
    ring: list[tuple[float, float]] = []
    for idx in indices:
        arc = arcs[idx] if idx >= 0 else arcs[~idx][::-1]
        if ring:
            ring.extend(arc[1:])  # first point repeats the previous arc's last point
        else:
            ring.extend(arc)
    return ring


def outer_rings(geometry: dict) -> list[list[int]]:
    """Arc index lists of each polygon's outer ring (holes dropped)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["arcs"][0]] if geometry["arcs"] else []
    if kind == "MultiPolygon":
        return [poly[0] for poly in geometry["arcs"] if poly]
    return []


def clip_ring(ring: list[tuple[float, float]], frame: dict) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clip of a ring (open or closed) to the frame rectangle."""
    pts = list(ring)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    x0, y0, x1, y1 = frame["lon_min"], frame["lat_min"], frame["lon_max"], frame["lat_max"]
    # (inside test, intersection with the edge line)
    edges = (
        (lambda p: p[0] >= x0, 0, x0),
        (lambda p: p[0] <= x1, 0, x1),
        (lambda p: p[1] >= y0, 1, y0),
        (lambda p: p[1] <= y1, 1, y1),
    )
    for inside, axis, value in edges:
        if not pts:
            break
        out: list[tuple[float, float]] = []
        prev = pts[-1]
        prev_in = inside(prev)
        for cur in pts:
            cur_in = inside(cur)
            if cur_in != prev_in:
                t = (value - prev[axis]) / (cur[axis] - prev[axis])
                if axis == 0:
                    out.append((value, prev[1] + t * (cur[1] - prev[1])))
                else:
                    out.append((prev[0] + t * (cur[0] - prev[0]), value))
            if cur_in:
                out.append(cur)
            prev, prev_in = cur, cur_in
        pts = out
    return pts


def _area2(ring: list[list[float]]) -> float:
    """Twice the signed shoelace area of a closed ring."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring))


def finish_ring(pts: list[tuple[float, float]]) -> list[list[float]] | None:
    """Round, drop repeated points, close; None when the ring is degenerate."""
    out: list[list[float]] = []
    for x, y in pts:
        p = [round(x, DECIMALS) + 0.0, round(y, DECIMALS) + 0.0]  # +0.0 turns -0.0 into 0.0
        if not out or out[-1] != p:
            out.append(p)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(out) < 3:
        return None
    out.append(list(out[0]))
    if len(out) < 4 or abs(_area2(out)) < 1e-9:
        return None
    return out


def build(topology: dict, tolerance: float = DEFAULT_TOLERANCE) -> dict:
    arcs = [douglas_peucker(a, tolerance) for a in decode_arcs(topology)]
    regions = []
    for geom in topology["objects"]["countries"]["geometries"]:
        gid = geom.get("id")
        name = (geom.get("properties") or {}).get("name", "")
        if gid in THEATRE:
            rid, role = THEATRE[gid], "theatre"
        elif gid in CONTEXT:
            rid, role = CONTEXT[gid], "context"
        elif gid is None and name in CONTEXT_BY_NAME:
            rid, role = CONTEXT_BY_NAME[name], "context"
        else:
            continue
        polygons = []
        for indices in outer_rings(geom):
            ring = finish_ring(clip_ring(ring_from_arcs(indices, arcs), FRAME))
            if ring is not None:
                polygons.append(ring)
        if polygons:
            regions.append({"id": rid, "name": name, "role": role, "polygons": polygons})
    regions.sort(key=lambda r: r["id"])
    return {
        "id": MAP_ID,
        "name": MAP_NAME,
        "source": SOURCE,
        "note": NOTE,
        "frame": dict(FRAME),
        "regions": regions,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", help="path to world-atlas 2.x countries-50m.json")
    parser.add_argument(
        "-o", "--output", default="theatre.json", help="output path (default: theatre.json)"
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        help=f"Douglas-Peucker tolerance in degrees (default: {DEFAULT_TOLERANCE})",
    )
    args = parser.parse_args(argv)
    with open(args.topojson, encoding="utf-8") as fh:
        topology = json.load(fh)
    result = build(topology, args.tolerance)
    text = json.dumps(result, indent=None, separators=(",", ":"), ensure_ascii=False)
    with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text + "\n")
    n_pts = sum(len(r) for reg in result["regions"] for r in reg["polygons"])
    print(
        f"wrote {args.output}: {len(result['regions'])} regions, {n_pts} points, "
        f"{len(text.encode('utf-8')) + 1} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
