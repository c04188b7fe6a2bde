#!/usr/bin/env bash
# ctest `ner_train` (label ner-train): retrains the name tagger with
# scripts/train-ner and checks the result is byte-identical to the committed
# indexer/data/ner-model-v1.bin: the model is reproducible, and a feature or
# gazetteer change that needs a retrain cannot go unnoticed.
# Usage: ner_train_check.sh SOURCE_DIR TRAINER BINARY_DIR. Exit 77 = skipped.
set -euo pipefail
src="$1" trainer="$2" work="$3/ner_train_check"
shared="${MORGUE_SHARED_DIR:-$src/../shared}"
if [[ ! -d "$shared/corpus/ner-open/gum/conllu" ]]; then
  echo "SKIPPED: $shared/corpus/ner-open is absent"
  exit 77
fi
mkdir -p "$work"
TRAINER="$trainer" MORGUE_SHARED_DIR="$shared" "$src/scripts/train-ner" --out "$work/model.bin"
if ! cmp "$work/model.bin" "$src/indexer/data/ner-model-v1.bin"; then
  echo "the retrained model differs from indexer/data/ner-model-v1.bin: run scripts/train-ner and commit it"
  exit 1
fi
echo "retrained model is byte-identical"
