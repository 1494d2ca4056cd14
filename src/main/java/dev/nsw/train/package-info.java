/**
 * Training the dual encoder: losses (in-batch contrastive, SimCSE, MLM), {@link dev.nsw.train.AdamW}, the
 * warm-up/decay schedule, gradient clipping and caching, and the {@link dev.nsw.train.Trainer} loop that
 * checkpoints, resumes bit-exactly and reports events to a {@link dev.nsw.train.TrainingListener}.
 */
package dev.nsw.train;
