package fleet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func envs(names ...string) []Member {
	out := make([]Member, len(names))
	for i, n := range names {
		out[i] = Member{Name: n}
	}
	return out
}

func names(rs []Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Environment
	}
	return out
}

// TestDoBoundsConcurrency holds every operation until the pool is saturated: if the pool ran
// more than the bound at once, the peak would exceed it; if it ran fewer, the barrier would
// never open and the test would time out.
func TestDoBoundsConcurrency(t *testing.T) {
	for _, limit := range []int{1, 2, 3, 8} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			all := envs("a", "b", "c", "d", "e", "f", "g")
			var running, peak, started atomic.Int32
			full := make(chan struct{})
			var once sync.Once
			r := &Runner{Concurrency: limit}
			rs := r.Do(context.Background(), all, func(ctx context.Context, e Member) Result {
				n := running.Add(1)
				defer running.Add(-1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				if int(started.Add(1)) >= min(limit, len(all)) {
					once.Do(func() { close(full) })
				}
				<-full
				return Result{Status: OK}
			})
			assert.Equal(t, int32(min(limit, len(all))), peak.Load())
			assert.Equal(t, []string{"a", "b", "c", "d", "e", "f", "g"}, names(rs))
		})
	}
}

func TestDoDefaultsToFleetConcurrency(t *testing.T) {
	assert.Equal(t, DefaultConcurrency, (&Runner{}).concurrency())
	assert.Equal(t, 2, (&Runner{Fleet: &File{Defaults: Defaults{Concurrency: 2}}}).concurrency())
	assert.Equal(t, 5, (&Runner{Concurrency: 5, Fleet: &File{Defaults: Defaults{Concurrency: 2}}}).concurrency())
}

// TestDoKeepsOrderAndIsolatesFailures finishes environments in reverse order, fails one and
// panics in another: the others still succeed and results stay in fleet order.
func TestDoKeepsOrderAndIsolatesFailures(t *testing.T) {
	all := envs("a", "b", "c", "d")
	done := map[string]chan struct{}{}
	for _, e := range all {
		done[e.Name] = make(chan struct{})
	}
	next := map[string]string{"d": "c", "c": "b", "b": "a"}
	r := &Runner{Concurrency: len(all)}
	rs := r.Do(context.Background(), all, func(ctx context.Context, e Member) Result {
		if e.Name != "d" {
			<-done[e.Name] // wait until the environment after this one has finished
		}
		defer func() {
			if n, ok := next[e.Name]; ok {
				close(done[n])
			}
		}()
		switch e.Name {
		case "b":
			return failed(errors.New("boom"))
		case "c":
			panic("kaboom")
		}
		return Result{Changes: Counts{Create: 1}}
	})
	require.Len(t, rs, 4)
	assert.Equal(t, []string{"a", "b", "c", "d"}, names(rs))
	want := []Status{OK, Failed, Failed, OK}
	for i, r := range rs {
		assert.Equal(t, want[i], r.Status, r.Environment)
		assert.Equal(t, r.Environment, r.Stack, "stack defaults to the name")
	}
	assert.Equal(t, "boom", rs[1].Error)
	assert.Contains(t, rs[2].Error, "panic: kaboom")
	assert.True(t, AnyFailed(rs))
	assert.Equal(t, "b, c", Names(rs, Failed))
}

// TestDoCancellation cancels while the first environment runs with a pool of one: the running
// operation sees the cancellation, the rest are skipped without being started.
func TestDoCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	r := &Runner{Concurrency: 1}
	rs := r.Do(ctx, envs("a", "b", "c"), func(ctx context.Context, e Member) Result {
		calls.Add(1)
		cancel()
		<-ctx.Done()
		return failed(ctx.Err())
	})
	assert.Equal(t, int32(1), calls.Load(), "no environment starts after cancellation")
	assert.Equal(t, []string{"a", "b", "c"}, names(rs))
	assert.Equal(t, []Status{Failed, Skipped, Skipped}, []Status{rs[0].Status, rs[1].Status, rs[2].Status})
	assert.Contains(t, rs[1].Detail, "context canceled")
}

func TestRunRejectsUnknownOperation(t *testing.T) {
	_, err := (&Runner{}).Run(context.Background(), "destroy", envs("a"))
	assert.ErrorContains(t, err, `unknown operation "destroy"`)
}

func TestCountOps(t *testing.T) {
	c := countOps(map[string]int{
		"create": 2, "update": 1, "delete": 1, "same": 7,
		"replace": 1, "create-replacement": 1, "delete-replaced": 1, "refresh": 3,
	})
	assert.Equal(t, Counts{Create: 2, Update: 1, Delete: 1, Replace: 1, Same: 10}, c)
	assert.Equal(t, 5, c.Changed())
	assert.Equal(t, "+2 ~1 -1 +-1 =10", c.String())
}

func TestBrief(t *testing.T) {
	long := errors.New("failed to run update: exit status 255\ncode: 255\nstdout: Updating (dev)\n" +
		"    error: resource boom failed\nstderr: error: update failed\n")
	assert.Equal(t, "failed to run update: exit status 255: error: resource boom failed; error: update failed", brief(long))
	assert.Equal(t, "plain", brief(errors.New("plain")))
}

func TestPrefixWriter(t *testing.T) {
	var out bytes.Buffer
	r := &Runner{Progress: &out}
	w := r.progressFor("dev")
	fmt.Fprint(w, "one\ntw")
	fmt.Fprint(w, "o\nthree")
	w.Flush()
	assert.Equal(t, "[dev] one\n[dev] two\n[dev] three\n", out.String())
	assert.Nil(t, (&Runner{}).progressFor("dev"))
	(*prefixWriter)(nil).Flush() // must not panic
	assert.Equal(t, 3, strings.Count(out.String(), "[dev]"))
}
