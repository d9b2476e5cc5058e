#!/usr/bin/env bash
# The Zalando homepage pipeline on MovieLens 100K, end to end:
#   1. the ratings as an impression log (rating >= 4 a click) with user and movie tables;
#   2. GraphSAGE link prediction on the time split (test: the latest 20% of the impressions);
#   3. its embeddings as features of three CTR rankers (DCN-v2, DeepFM, DLRM), with and without, three
#      seeds each, point in time: the rankers train on the impressions after the graph model's own
#      training period, a row joins the embeddings of the graph as it was at the start of its week, and
#      the test rows those of the graph up to the test;
#      (and with the joined vectors fine-tuned, --fine-tune);
#   4. cold start: AUC on the test impressions of cold users, cold items and known pairs for GraphSAGE
#      (each test impression scored over the links before it, --eval-graph temporal: a user new in the
#      test period is known by its features and the clicks it made earlier in the period), the same
#      CTR model without graph input, and popularity;
#   5. periodic-retraining simulation (recsys4j retrain), week by week over the test period: a warm
#      start from last week's model against training from scratch, AUC on the next week and seconds.
# Usage: examples/zalando-ml100k.sh OUT   (OUT must not exist or be empty; DATA=... to point elsewhere)
# Prints a table and writes OUT/results.json.
set -euo pipefail
out=${1:?usage: examples/zalando-ml100k.sh OUT}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
r="$here/bin/recsys4j"
data=${DATA:-$here/../shared/data/ml-100k}
threads=${THREADS:-2}
if [[ -e "$out" && -n "$(ls -A "$out" 2>/dev/null)" ]]; then
  echo "zalando-ml100k: $out exists and is not empty; give a new directory" >&2
  exit 1
fi
mkdir -p "$out"
start=$(date +%s)
log="$out/log.txt"
run() { "$r" "$@" >>"$log" 2>&1 || { echo "failed: recsys4j $*" >&2; tail -5 "$log" >&2; exit 1; }; }
# the first value of "key" in a metrics or manifest JSON file
val() { grep -m1 -o "\"$1\" : [-0-9.eE]*" "$2" | awk '{print $3}'; }
secs() { val total_seconds "$1"; }

echo "1/5 converting $data"
run convert --kind movielens-100k --input "$data" --out "$out/ml"

echo "2/5 GraphSAGE on the time split"
run train --config "$here/examples/graphsage-ml100k.yaml" --data "$out/ml" --test-ratio 0.2 \
  --eval-graph temporal --eval-fanout 50,20 --threads "$threads" --out "$out/gs" --metrics-out "$out/gs.json"
test_from=$(val test_from "$out/gs/manifest.json")

echo "3/5 rankers with and without the embeddings"
# the graph model of the embeddings trains on the first half of the impressions
run train --config "$here/examples/graphsage-ml100k.yaml" --data "$out/ml" --test-ratio 0.5 \
  --threads "$threads" --out "$out/gs-early"
graph_cut=$(val test_from "$out/gs-early/manifest.json")
run export-embeddings --model "$out/gs-early" --out "$out/emb-0"
exports="$out/emb-0"
week=604800
k=1
for ((t = graph_cut + week; t < test_from; t += week)); do
  run export-embeddings --model "$out/gs-early" --data "$out/ml" --until "$t" --out "$out/emb-$k"
  exports="$exports,$out/emb-$k"
  k=$((k + 1))
done
run export-embeddings --model "$out/gs-early" --data "$out/ml" --until "$test_from" --out "$out/emb-$k"
exports="$exports,$out/emb-$k"
declare -A with without tuned with_ll without_ll
dim=$(val dim "$out/emb-0/version.json")
for m in dcnv2 deepfm dlrm; do
  extra=()
  # DLRM's bottom MLP starts at the dense inputs: 2 continuous columns plus a user and an item vector
  [[ $m == dlrm ]] && extra=(--bottom-mlp "$((2 + 2 * dim))-32-16")
  for s in 1 2 3; do
    run train --config "$here/examples/ml100k-$m.yaml" --data "$out/ml" --holdout 0.2 --seed "$s" \
      --threads "$threads" --node-embeddings "$exports" "${extra[@]}" --out "$out/$m-with-$s" --metrics-out "$out/$m-with-$s.json"
    run train --config "$here/examples/ml100k-$m.yaml" --data "$out/ml" --holdout 0.2 --seed "$s" \
      --threads "$threads" --node-embeddings "$exports" --fine-tune "${extra[@]}" --out "$out/$m-tuned-$s" \
      --metrics-out "$out/$m-tuned-$s.json"
    run train --config "$here/examples/ml100k-$m.yaml" --data "$out/ml" --holdout 0.2 --seed "$s" \
      --threads "$threads" --train-from "$graph_cut" --out "$out/$m-without-$s" --metrics-out "$out/$m-without-$s.json"
    tuned[$m]="${tuned[$m]:+${tuned[$m]}, }$(val auc "$out/$m-tuned-$s.json")"
    with[$m]="${with[$m]:+${with[$m]}, }$(val auc "$out/$m-with-$s.json")"
    without[$m]="${without[$m]:+${without[$m]}, }$(val auc "$out/$m-without-$s.json")"
    with_ll[$m]="${with_ll[$m]:+${with_ll[$m]}, }$(val logloss "$out/$m-with-$s.json")"
    without_ll[$m]="${without_ll[$m]:+${without_ll[$m]}, }$(val logloss "$out/$m-without-$s.json")"
  done
done

echo "4/5 cold start"
run train --config "$here/examples/ml100k-dcnv2.yaml" --data "$out/ml" --holdout 0.2 \
  --threads "$threads" --out "$out/features-only" --metrics-out "$out/features-only.json"
run evaluate --baseline popularity --data "$out/ml" --test-ratio 0.2 --metrics-out "$out/popularity.json"

echo "5/5 week-by-week retraining over the test period"
run retrain --config "$here/examples/graphsage-ml100k.yaml" --data "$out/ml" --from "$test_from" --period week \
  --warm-epochs 10 --compare-scratch --threads "$threads" --out "$out/retrain"
rj="$out/retrain/retrain.json"
# rv MODE KEY: the value of KEY in MODE's block of retrain.json (per_period: the list inside [ ])
rv() {
  if [[ $2 == per_period ]]; then
    awk "/\"$1\" :/ {f = 1} f" "$rj" | grep -m1 -o '"per_period" : \[[^]]*\]' | sed 's/.*\[ *//; s/ *\]//'
  else
    awk "/\"$1\" :/ {f = 1} f" "$rj" | grep -m1 -o "\"$2\" : [-0-9.eE]*" | awk '{print $3}'
  fi
}
periods=$(($(val periods "$rj") - 1))

g="$out/gs.json"
f="$out/features-only.json"
p="$out/popularity.json"
cat >"$out/results.json" <<JSON
{
  "ctr": {
    "dcnv2": {"with": [${with[dcnv2]}], "without": [${without[dcnv2]}], "fine_tuned": [${tuned[dcnv2]}], "logloss_with": [${with_ll[dcnv2]}], "logloss_without": [${without_ll[dcnv2]}]},
    "deepfm": {"with": [${with[deepfm]}], "without": [${without[deepfm]}], "fine_tuned": [${tuned[deepfm]}], "logloss_with": [${with_ll[deepfm]}], "logloss_without": [${without_ll[deepfm]}]},
    "dlrm": {"with": [${with[dlrm]}], "without": [${without[dlrm]}], "fine_tuned": [${tuned[dlrm]}], "logloss_with": [${with_ll[dlrm]}], "logloss_without": [${without_ll[dlrm]}]}
  },
  "graphsage_auc": $(val auc "$g"),
  "cold": {
    "users": {"graphsage": $(val auc_cold_users "$g"), "features_only": $(val auc_cold_users "$f"), "popularity": $(val auc_cold_users "$p")},
    "items": {"graphsage": $(val auc_cold_items "$g"), "features_only": $(val auc_cold_items "$f"), "popularity": $(val auc_cold_items "$p")},
    "known": {"graphsage": $(val auc_known "$g"), "features_only": $(val auc_known "$f"), "popularity": $(val auc_known "$p")}
  },
  "retrain": {
    "periods": $periods,
    "warm": {"auc": $(rv warm auc), "seconds": $(rv warm seconds), "wall_seconds": $(rv warm wall_seconds), "per_period": [$(rv warm per_period)]},
    "scratch": {"auc": $(rv scratch auc), "seconds": $(rv scratch seconds), "wall_seconds": $(rv scratch wall_seconds), "per_period": [$(rv scratch per_period)]}
  },
  "seconds": $(($(date +%s) - start))
}
JSON

printf '\n%-8s %-22s %-22s %-22s\n' model "AUC with embeddings" "fine-tuned" "AUC without"
four() { echo "$1" | tr -d ' ' | tr ',' '\n' | awk '{printf "%s%.4f", (NR > 1 ? " " : ""), $1}'; }
for m in dcnv2 deepfm dlrm; do
  printf '%-8s %-22s %-22s %-22s\n' "$m" "$(four "${with[$m]}")" "$(four "${tuned[$m]}")" "$(four "${without[$m]}")"
done
printf '\nGraphSAGE test AUC %.4f\n' "$(val auc "$g")"
printf '%-12s %-10s %-14s %-10s\n' segment graphsage features-only popularity
for seg in users items known; do
  key=auc_cold_$seg
  [[ $seg == known ]] && key=auc_known
  printf '%-12s %-10s %-14s %-10s\n' "$seg" "$(val $key "$g" | cut -c1-6)" "$(val $key "$f" | cut -c1-6)" "$(val $key "$p" | cut -c1-6)"
done
printf '\nretraining over %s weeks: warm AUC %.4f in %.2fs, scratch AUC %.4f in %.2fs (training seconds)\n' \
  "$periods" \
  "$(rv warm auc)" "$(rv warm seconds)" "$(rv scratch auc)" "$(rv scratch seconds)"
echo "wrote $out/results.json in $(($(date +%s) - start)) s"
