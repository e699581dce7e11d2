// Links to the repository. The published book knows the address of the repository it is
// built from (.github/workflows/pages.yml sets output.html.git-repository-url, and
// book/theme/head.hbs puts it in a <meta>). There, every file a page names
// (<a class="repo-file" data-path="examples/too_high/main.rs">) links to that file, and the
// clone command names the repository. A book built without an address keeps the plain
// file names, which name the files of a clone, and a placeholder in the clone command.
(() => {
  const meta = document.querySelector('meta[name="stepsize-repository"]');
  if (!meta || !meta.content) return;
  const repo = meta.content.replace(/\/+$/, "");
  document.querySelectorAll("a.repo-file[data-path]").forEach((a) => {
    const path = a.dataset.path;
    a.href = `${repo}/${path.endsWith("/") ? "tree" : "blob"}/HEAD/${path}`;
  });
  const folder = repo.split("/").pop().replace(/\.git$/, "");
  document.querySelectorAll("code.repo-clone").forEach((code) => {
    code.textContent = code.textContent
      .replace("<repository address>", repo)
      .replace(/^cd stepsize$/m, `cd ${folder}`);
  });
})();
