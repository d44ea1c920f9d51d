package fleet

import (
	"bytes"
	"io"
	"sync"
)

// prefixWriter writes whole lines, each prefixed with "[environment] ", to a writer shared by
// every environment of a run, so that concurrent engine output stays readable.
type prefixWriter struct {
	mu     *sync.Mutex
	out    io.Writer
	prefix []byte
	buf    []byte
}

var _ io.Writer = (*prefixWriter)(nil)

// progressFor returns the progress writer of environment name, or nil without Progress.
func (r *Runner) progressFor(name string) *prefixWriter {
	if r.Progress == nil {
		return nil
	}
	return &prefixWriter{mu: &r.progressMu, out: r.Progress, prefix: []byte("[" + name + "] ")}
}

func (w *prefixWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	i := bytes.LastIndexByte(w.buf, '\n')
	if i < 0 {
		return len(p), nil
	}
	err := w.emit(w.buf[:i+1])
	w.buf = append(w.buf[:0], w.buf[i+1:]...)
	return len(p), err
}

// Flush writes a last unterminated line; it is a no-op on a nil writer.
func (w *prefixWriter) Flush() {
	if w == nil || len(w.buf) == 0 {
		return
	}
	_ = w.emit(append(w.buf, '\n'))
	w.buf = w.buf[:0]
}

func (w *prefixWriter) emit(lines []byte) error {
	var out bytes.Buffer
	for len(lines) > 0 {
		i := bytes.IndexByte(lines, '\n')
		out.Write(w.prefix)
		out.Write(lines[:i+1])
		lines = lines[i+1:]
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, err := w.out.Write(out.Bytes())
	return err
}
