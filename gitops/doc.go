// Package gitops holds no Go code of its own: it is the content of the Git repositories Argo
// CD syncs (platform/: the platform instance's app-of-apps chart), and its tests render and
// check that content offline (render_test.go, manifests_test.go).
package gitops
