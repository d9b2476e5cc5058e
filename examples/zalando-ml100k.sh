#!/usr/bin/env bash
# The Zalando homepage pipeline on MovieLens 100K, end to end:
#   1. the ratings as an impression log (rating >= 4 a click) with user and movie tables;
#   2. GraphSAGE link prediction on the time split (test: the latest 20% of the impressions);
#   3. its embeddings as features of three CTR rankers (DCN-v2, DeepFM, DLRM), with and without, three
#      seeds each, point in time: the rankers train on the impressions after the graph model's own
#      training period, a row joins the embeddings of the graph as it was at the start of its week, and
#      the test rows those of the graph up to the test;
#   4. cold start: AUC on the test impressions of cold users, cold items and known pairs for GraphSAGE,
#      the same CTR model without graph input, and popularity;
#   5. daily-retraining simulation, week by week over the test period: a warm start from last week's
#      model against training from scratch, AUC on the next week and seconds.
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
  --threads "$threads" --out "$out/gs" --metrics-out "$out/gs.json"
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
declare -A with without with_ll without_ll
dim=$(val dim "$out/emb-0/version.json")
for m in dcnv2 deepfm dlrm; do
  extra=()
  # DLRM's bottom MLP starts at the dense inputs: 2 continuous columns plus a user and an item vector
  [[ $m == dlrm ]] && extra=(--bottom-mlp "$((2 + 2 * dim))-32-16")
  for s in 1 2 3; do
    run train --config "$here/examples/ml100k-$m.yaml" --data "$out/ml" --holdout 0.2 --seed "$s" \
      --threads "$threads" --node-embeddings "$exports" "${extra[@]}" --out "$out/$m-with-$s" --metrics-out "$out/$m-with-$s.json"
    run train --config "$here/examples/ml100k-$m.yaml" --data "$out/ml" --holdout 0.2 --seed "$s" \
      --threads "$threads" --train-from "$graph_cut" --out "$out/$m-without-$s" --metrics-out "$out/$m-without-$s.json"
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
last=$(tail -n +2 "$out/ml/impressions.csv" | cut -d, -f4 | sort -n | tail -1)
parent=""
warm_auc=() scratch_auc=() warm_s=() scratch_s=()
w=0
for ((t = test_from; t + week <= last + week && t <= last; t += week)); do
  until=$((t + week))
  run train --config "$here/examples/graphsage-ml100k.yaml" --data "$out/ml" --test-from "$t" \
    --test-until "$until" --threads "$threads" --out "$out/scratch-$w" --metrics-out "$out/scratch-$w.json"
  if [[ -n "$parent" ]]; then
    run train --model graphsage --data "$out/ml" --split temporal --valid-ratio 0.1 --test-from "$t" \
      --test-until "$until" --warm-start "$parent" --resplit-each-epoch --lr 0.01 --epochs 10 --eval-every 5 \
      --threads "$threads" --out "$out/warm-$w" --metrics-out "$out/warm-$w.json"
    warm_auc+=("$(val auc "$out/warm-$w.json")")
    warm_s+=("$(secs "$out/warm-$w.json")")
    scratch_auc+=("$(val auc "$out/scratch-$w.json")")
    scratch_s+=("$(secs "$out/scratch-$w.json")")
    parent="$out/warm-$w"
  else
    parent="$out/scratch-$w" # the first week only seeds the warm chain
  fi
  w=$((w + 1))
done
mean() { printf '%s\n' "$@" | awk '{s += $1} END {printf "%.4f", s / NR}'; }
list() { local IFS=,; echo "$*" | sed 's/,/, /g'; }

g="$out/gs.json"
f="$out/features-only.json"
p="$out/popularity.json"
cat >"$out/results.json" <<JSON
{
  "ctr": {
    "dcnv2": {"with": [${with[dcnv2]}], "without": [${without[dcnv2]}], "logloss_with": [${with_ll[dcnv2]}], "logloss_without": [${without_ll[dcnv2]}]},
    "deepfm": {"with": [${with[deepfm]}], "without": [${without[deepfm]}], "logloss_with": [${with_ll[deepfm]}], "logloss_without": [${without_ll[deepfm]}]},
    "dlrm": {"with": [${with[dlrm]}], "without": [${without[dlrm]}], "logloss_with": [${with_ll[dlrm]}], "logloss_without": [${without_ll[dlrm]}]}
  },
  "graphsage_auc": $(val auc "$g"),
  "cold": {
    "users": {"graphsage": $(val auc_cold_users "$g"), "features_only": $(val auc_cold_users "$f"), "popularity": $(val auc_cold_users "$p")},
    "items": {"graphsage": $(val auc_cold_items "$g"), "features_only": $(val auc_cold_items "$f"), "popularity": $(val auc_cold_items "$p")},
    "known": {"graphsage": $(val auc_known "$g"), "features_only": $(val auc_known "$f"), "popularity": $(val auc_known "$p")}
  },
  "retrain": {
    "periods": ${#warm_auc[@]},
    "warm": {"auc": $(mean "${warm_auc[@]}"), "seconds": $(mean "${warm_s[@]}"), "per_period": [$(list "${warm_auc[@]}")]},
    "scratch": {"auc": $(mean "${scratch_auc[@]}"), "seconds": $(mean "${scratch_s[@]}"), "per_period": [$(list "${scratch_auc[@]}")]}
  },
  "seconds": $(($(date +%s) - start))
}
JSON

printf '\n%-8s %-26s %-26s\n' model "AUC with embeddings" "AUC without"
four() { echo "$1" | tr -d ' ' | tr ',' '\n' | awk '{printf "%s%.4f", (NR > 1 ? " " : ""), $1}'; }
for m in dcnv2 deepfm dlrm; do
  printf '%-8s %-26s %-26s\n' "$m" "$(four "${with[$m]}")" "$(four "${without[$m]}")"
done
printf '\nGraphSAGE test AUC %.4f\n' "$(val auc "$g")"
printf '%-12s %-10s %-14s %-10s\n' segment graphsage features-only popularity
for seg in users items known; do
  key=auc_cold_$seg
  [[ $seg == known ]] && key=auc_known
  printf '%-12s %-10s %-14s %-10s\n' "$seg" "$(val $key "$g" | cut -c1-6)" "$(val $key "$f" | cut -c1-6)" "$(val $key "$p" | cut -c1-6)"
done
printf '\nretraining over %d weeks: warm AUC %s in %ss, scratch AUC %s in %ss\n' "${#warm_auc[@]}" \
  "$(mean "${warm_auc[@]}")" "$(mean "${warm_s[@]}")" "$(mean "${scratch_auc[@]}")" "$(mean "${scratch_s[@]}")"
echo "wrote $out/results.json in $(($(date +%s) - start)) s"
