// Package check validates the deployment files in deploy/ without a Docker engine or a
// Kubernetes cluster: the manifests are decoded strictly into the Kubernetes API types, and the
// Dockerfile, compose file and .env.example are checked against the README's configuration.
// It is its own module so that the product's go.mod does not carry the Kubernetes API.
package check
