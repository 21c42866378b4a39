#!/usr/bin/env bash
# The main job on the built-in default model: installs and builds oar, writes the zoo
# ResNet-50 (seeded random weights) as a Paddle inference model, runs it on a real image
# when shared/images is beside the repo (random input otherwise), prints the top classes,
# the latency and where the model files are.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
bash scripts/build.sh
MODEL_DIR=${OAR_MODEL_DIR:-$HOME/.cache/oar/zoo/resnet50}
if [ ! -f "$MODEL_DIR/__model__" ] || [ ! -f "$MODEL_DIR/__params__" ]; then
  ./build/oar zoo resnet50 --out "$MODEL_DIR"   # writes temp files and renames them
fi
THREADS=$(nproc)
INPUT_ARGS=()
IMG=../shared/images/imagenet/egypt_cat.jpg
if [ -f "$IMG" ]; then
  INPUT_NPY=$(mktemp --suffix=.npy)
  trap 'rm -f "$INPUT_NPY"' EXIT
  python3 tools/preprocess_image.py "$IMG" "$INPUT_NPY"
  INPUT_ARGS=(--input "image=$INPUT_NPY" --labels ../shared/images/imagenet/synset_words.txt)
  echo "input: $IMG (resize 256, centre crop 224, ImageNet mean/std)"
fi
./build/oar run "$MODEL_DIR" "${INPUT_ARGS[@]}" --top 5 --warmup 1 --repeat 5 --threads "$THREADS" --memory-optim
echo "model files: $MODEL_DIR/__model__ and $MODEL_DIR/__params__ (random weights: the classes are not meaningful)"
