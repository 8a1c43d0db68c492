//! Executes exactly a plan against the cluster, in a safe order, and reports applied / failed / not attempted.
