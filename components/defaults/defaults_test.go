package defaults

import "testing"

func TestPickSetSetPtr(t *testing.T) {
	if Pick(false, "dev", "prod") != "dev" || Pick(true, "dev", "prod") != "prod" {
		t.Fatal("Pick takes dev first, prod second")
	}
	s := ""
	Set(&s, "a")
	Set(&s, "b")
	if s != "a" {
		t.Fatalf("Set must keep the first value, got %q", s)
	}
	var b *bool
	SetPtr(&b, false)
	SetPtr(&b, true)
	if b == nil || *b || True(b) {
		t.Fatal("SetPtr must keep an explicit false")
	}
	if True(nil) || !True(new(true)) {
		t.Fatal("True: nil is false, &true is true")
	}
}
