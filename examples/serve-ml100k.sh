#!/usr/bin/env bash
# The ml-100k pipeline of examples/zalando-ml100k.sh, made ready to serve (docs/serving.md):
#   1. MovieLens 100K as an impression log (rating >= 4 a click) with user and movie tables;
#   2. GraphSAGE on the time split (the latest 20% of the impressions held out), the retrieval model;
#   3. the ranker: a GraphSAGE model of the first half of the impressions, its embeddings exported
#      at its own cut and again over the graph up to the test period, and DCN-v2 trained on the
#      impressions after the first cut with them joined as features (each row joins the snapshot
#      before it, so no row sees its own label through the graph; serving joins the latest).
# Then: bin/recsys4j serve --retrieval OUT/gs --ranker OUT/dcnv2 --items OUT/ml/items.csv
# Usage: examples/serve-ml100k.sh OUT   (OUT must not exist or be empty; DATA=... to point elsewhere)
set -euo pipefail
out=${1:?usage: examples/serve-ml100k.sh OUT}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
r="$here/bin/recsys4j"
data=${DATA:-$here/../shared/data/ml-100k}
threads=${THREADS:-2}
if [[ -e "$out" && -n "$(ls -A "$out" 2>/dev/null)" ]]; then
  echo "serve-ml100k: $out exists and is not empty; give a new directory" >&2
  exit 1
fi
mkdir -p "$out"
log="$out/log.txt"
run() { "$r" "$@" >>"$log" 2>&1 || { echo "failed: recsys4j $*" >&2; tail -5 "$log" >&2; exit 1; }; }
start=$(date +%s)
echo "1/3 converting $data"
run convert --kind movielens-100k --input "$data" --out "$out/ml"
echo "2/3 GraphSAGE (retrieval) on the time split"
run train --config "$here/examples/graphsage-ml100k.yaml" --data "$out/ml" --test-ratio 0.2 \
  --threads "$threads" --out "$out/gs" --metrics-out "$out/gs.json"
echo "3/3 DCN-v2 (ranker) with GraphSAGE embeddings joined"
val() { grep -m1 -o "\"$1\" : [-0-9.eE]*" "$2" | awk '{print $3}'; }
test_from=$(val test_from "$out/gs/manifest.json")
run train --config "$here/examples/graphsage-ml100k.yaml" --data "$out/ml" --test-ratio 0.5 \
  --threads "$threads" --out "$out/gs-early"
run export-embeddings --model "$out/gs-early" --out "$out/emb-cut"
run export-embeddings --model "$out/gs-early" --data "$out/ml" --until "$test_from" --out "$out/emb-latest"
run train --config "$here/examples/ml100k-dcnv2.yaml" --data "$out/ml" --holdout 0.2 \
  --threads "$threads" --node-embeddings "$out/emb-cut,$out/emb-latest" --out "$out/dcnv2" \
  --metrics-out "$out/dcnv2.json"
auc() { grep -m1 -o '"auc" : [0-9.]*' "$1" | awk '{print $3}'; }
echo "GraphSAGE test AUC $(auc "$out/gs.json"), DCN-v2 test AUC $(auc "$out/dcnv2.json") in $(( $(date +%s) - start )) s"
echo "serve: $r serve --retrieval $out/gs --ranker $out/dcnv2 --items $out/ml/items.csv"
