//! Unit tests of the passes, through the whole pipeline on small inline descriptions and the
//! fixture specs (helpers in [`crate::test_support`]).

mod arguments;
mod paging;
mod risk;
mod truth;
