"""Score name pairs with OpenSanctions nomenklatura logic-v2 (the peer). Runs in the peer's own
venv (see setup_peer.sh), not aidtrace's: reads a CSV of pairs, writes their scores.

    /work/peer-venv/bin/python peer_logic_v2.py pairs.csv scores.csv

pairs.csv: id,schema,name1,name2[,dob1,dob2] -> scores.csv: id,score,micros
"""

import csv
import sys
import time

from followthemoney import model
from nomenklatura.matching import get_algorithm
from nomenklatura.matching.types import ScoringConfig

SCHEMAS = {"Person", "Company", "Organization", "LegalEntity", "Vessel"}


def entity(ident, schema, name, dob=None):
    proxy = model.make_entity(schema if schema in SCHEMAS else "LegalEntity")
    proxy.id = ident
    proxy.add("name", name)
    if dob and proxy.schema.name == "Person":
        proxy.add("birthDate", dob)
    return proxy


def main(pairs_path, scores_path):
    algorithm = get_algorithm("logic-v2")
    config = ScoringConfig.defaults()
    with open(pairs_path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with open(scores_path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "score", "micros"])
        for row in rows:
            query = entity(f"q{row['id']}", row["schema"], row["name1"], row.get("dob1"))
            result = entity(f"r{row['id']}", row["schema"], row["name2"], row.get("dob2"))
            started = time.perf_counter()
            score = algorithm.compare(query, result, config).score
            micros = (time.perf_counter() - started) * 1e6
            writer.writerow([row["id"], f"{score:.4f}", f"{micros:.1f}"])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
