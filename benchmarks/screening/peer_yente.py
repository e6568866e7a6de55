"""Score yente queries against their candidates with nomenklatura logic-v2 (the peer), names,
birth dates and nationalities together. Runs in the peer's own venv (see setup_peer.sh):

    /work/peer-venv/bin/python peer_yente.py jobs.json scores.json

jobs.json: {"entities": [{names, birthDate, nationality}], "jobs": [{query, candidates}]}, the
candidates as positions in entities -> scores.json: {"scores": best per job, "seconds": ...}
"""

import json
import sys
import time

from followthemoney import model
from nomenklatura.matching import get_algorithm
from nomenklatura.matching.types import ScoringConfig


def person(ident, fields):
    proxy = model.make_entity("Person")
    proxy.id = ident
    proxy.add("name", fields["names"])
    proxy.add("birthDate", fields["birthDate"])
    proxy.add("nationality", fields["nationality"])
    return proxy


def main(jobs_path, scores_path):
    algorithm = get_algorithm("logic-v2")
    config = ScoringConfig.defaults()
    with open(jobs_path, encoding="utf-8") as fh:
        data = json.load(fh)
    entities = [person(f"e{k}", e) for k, e in enumerate(data["entities"])]
    started = time.perf_counter()
    scores = []
    for n, job in enumerate(data["jobs"]):
        query = person(f"q{n}", job["query"])
        best = 0.0
        for k in job["candidates"]:
            best = max(best, algorithm.compare(query, entities[k], config).score)
        scores.append(round(best, 4))
    seconds = round(time.perf_counter() - started, 1)
    with open(scores_path, "w", encoding="utf-8") as out:
        json.dump({"scores": scores, "seconds": seconds}, out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
