//! The retriever: web and paper search backends, page text extraction, ranking,
//! a cache and an embedded offline knowledge base. Filled by the retriever issue;
//! it has no public API yet.
