/**
 * Files the way nsw promises to write and read them: atomic replace ({@link dev.nsw.io.AtomicFiles}), NumPy
 * {@code .npy} arrays ({@link dev.nsw.io.NpyFile}) and safetensors ({@link dev.nsw.io.Safetensors}), each read
 * with bounds checks and errors that name the file.
 */
package dev.nsw.io;
