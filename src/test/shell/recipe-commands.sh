#!/usr/bin/env bash
# The recipe's own commands (PaddleNLP neural_search, recall/in_batch_negative README), copied verbatim with
# `./nsw` in place of `python`. Run from a folder holding recall/{train,test,corpus}.csv and an ./nsw
# launcher; RecipeCommandsTest builds that folder from sample-data/zh and checks what the commands leave.
set -euo pipefail

echo "== train"
./nsw train inbatch --device cpu --save_dir ./checkpoints/recall --batch_size 64 --learning_rate 5E-5 \
    --epochs 3 --output_emb_size 256 --save_steps 1 --max_seq_length 64 --margin 0.2 --train_set_file recall/train.csv

echo "== recall"
./nsw recall --device cpu --recall_result_dir recall_result_dir --recall_result_file recall_result.txt \
    --params_path checkpoints/recall/model_40 --hnsw_m 100 --hnsw_ef 100 --batch_size 64 --output_emb_size 256 \
    --max_seq_length 60 --recall_num 50 --similar_text_pair recall/test.csv --corpus_file recall/corpus.csv

echo "== evaluate"
./nsw evaluate --similar_text_pair recall/test.csv --recall_result_file ./recall_result_dir/recall_result.txt --recall_num 50

echo "== predict"
./nsw predict --device cpu --params_path checkpoints/recall/model_40 --output_emb_size 256 --batch_size 128 \
    --max_seq_length 64 --text_pair_file recall/test.csv

echo "== export"
./nsw export --params_path checkpoints/recall/model_40 --output_path ./output
echo "== done"
