#!/usr/bin/env bash
# Regenerates the README's explanation figures from the main job's model. Run from the repository root:
#   docs/figures/make-figures.sh SCRATCH_DIR
# SCRATCH_DIR receives the synthetic set, two runs (the main job, and the same with the compact loss off)
# and the full-size outputs of lf explain and lf tsne; docs/figures receives the small copies the README
# shows. Nothing else is written. Re-running with the same SCRATCH_DIR resumes the runs (a finished one is
# not trained again).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: docs/figures/make-figures.sh SCRATCH_DIR" >&2; exit 2; }
[ -x ./lf ] && [ -d docs/figures ] || { echo "make-figures.sh: run it from the repository root" >&2; exit 2; }
scratch=$1
data=$scratch/synthetic-dfew
run=$scratch/compact-loss          # the main job: CE + lambda * compact loss, ./lf train's default lambda
without=$scratch/no-compact-loss   # the same run with lambda 0, for the papers' with/without t-SNE
figures=docs/figures

# The main job (./lf train with its defaults), its data set kept under SCRATCH_DIR, and the same without the compact loss.
./lf train --root "$data" --out "$run" --resume
./lf train --root "$data" --out "$without" --lambda 0 --resume

# The first Happy clip (DFEW label 1) of fold 1's test list, the clips the run was tested on.
clip=$(awk -F, 'NR > 1 && $2 == 1 { printf "%05d", $1; exit }' "$data/label/single_testset_1.csv")
[ -n "$clip" ] || { echo "make-figures.sh: no Happy clip in $data/label/single_testset_1.csv" >&2; exit 1; }
./lf explain --checkpoint "$run" --clip "$data/data/$clip" --class Happy --layer layer2 --out "$scratch/explain"
./lf tsne --checkpoint "$run" --checkpoint "$without" --root "$data" --out "$scratch/tsne"

java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
for figure in explain/gradcam:gradcam explain/frame-importance:frame-importance tsne/tsne:tsne; do
    "$java_bin" "$figures/Shrink.java" "$scratch/${figure%%:*}.png" "$figures/${figure##*:}.png" 960
done
# The clip's path as SCRATCH_DIR/..., so that the committed file names no folder of this machine.
sed "s|\"$scratch/|\"SCRATCH_DIR/|" "$scratch/explain/explain.json" > "$figures/explain.json"
jq -c '.plots[] | {silhouette_features, silhouette_tsne}' "$scratch/tsne/tsne.json" 2>/dev/null || cat "$scratch/tsne/tsne.json"
ls -l "$figures"
