

def test_the_site_relpath_is_posixpaths_without_the_working_directory() -> None:
    import itertools
    import posixpath

    from budgetsite.routes import _relpath

    paths = [".", "a", "a/", "a/b", "a/b/", "a/b/c.html", "2021/711001/", "downloads/2021/x.csv", "index.html", "b/a", "a/bb",
             "./a/b", "a/../b"]
    for path, start in itertools.product(paths, paths):
        assert _relpath(path, start) == posixpath.relpath(path, start), (path, start)
