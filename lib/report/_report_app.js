// The script of index.html's interactive views (a classic script, inlined after vega, vega-lite and
// vega-embed). It reads the JSON written by lib/report/report_html.ts from #explorer-data and draws, for the
// seed and method chosen: the 2-D embedding scatter (image tooltips), the cluster explorer (member images and
// class mix) and the confusion matrix. It exposes its state and the Vega views as `globalThis.report` for
// tests, and sets `document.body.dataset.ready` to "true" (or "error") once the first drawing is done.
(function () {
  "use strict";
  const report = { views: {}, state: {}, ready: undefined, select: undefined };
  globalThis.report = report;
  const element = document.getElementById("explorer-data");
  if (!element) {
    report.ready = Promise.resolve();
    document.body.dataset.ready = "true";
    return;
  }
  const { data, specs } = JSON.parse(element.textContent);
  const $ = (id) => document.getElementById(id);
  const thumbs = new Map();
  data.images.indices.forEach((index, k) => {
    thumbs.set(index, { label: data.images.labels[k], src: "data:image/png;base64," + data.images.png[k] });
  });
  const embedOptions = { actions: false, renderer: "svg" };

  function fillSelect(select, options, value) {
    select.replaceChildren(...options.map(([v, text]) => {
      const option = document.createElement("option");
      option.value = String(v);
      option.textContent = text;
      return option;
    }));
    select.value = String(value);
  }

  async function embed(key, container, spec) {
    const previous = report.views[key];
    if (previous) previous.finalize();
    const result = await vegaEmbed(container, spec, embedOptions);
    report.views[key] = result.view;
    return result.view;
  }

  function currentRun() {
    return data.runs[report.state.seed][report.state.method];
  }

  async function drawScatter() {
    const run = currentRun();
    const seed = data.embeddingSeed[report.state.seed];
    const note = $("scatter-note");
    if (!seed || !run) {
      note.textContent = "This run has no 2-D embedding of the test encodings.";
      $("scatter").replaceChildren();
      return;
    }
    const embedding = data.embeddings[seed];
    const names = new Map(run.clusters.map((c) => [c.id, c.name]));
    const values = data.pointIndices.map((index, i) => {
      const thumb = thumbs.get(index);
      const cluster = run.pointClusters[i];
      return {
        x: embedding.x[i],
        y: embedding.y[i],
        index,
        cluster,
        clusterName: names.get(cluster),
        className: data.classNames[thumb.label],
        image: thumb.src,
      };
    });
    const spec = structuredClone(report.state.color === "class" ? specs.scatterClass : specs.scatterCluster);
    spec.data = { values };
    spec.encoding.x.title = embedding.xTitle;
    spec.encoding.y.title = embedding.yTitle;
    const label = data.methods.find((m) => m.id === report.state.method).label;
    spec.title = {
      text: report.state.color === "class"
        ? "Test encodings by true class"
        : `Test encodings by ${label} cluster`,
      subtitle: `${values.length} of ${data.nTest} test images, seed ${seed}; drag to pan, wheel to zoom`,
    };
    note.textContent = seed === report.state.seed
      ? ""
      : `Seed ${report.state.seed} has no embedding; showing seed ${seed}'s with seed ${report.state.seed}'s clusters.`;
    const view = await embed("scatter", "#scatter", spec);
    view.addEventListener("click", (_event, item) => {
      const cluster = item?.datum?.cluster;
      if (cluster !== undefined) selectCluster(cluster);
    });
  }

  async function drawCluster() {
    const run = currentRun();
    const cluster = run.clusters.find((c) => c.id === report.state.cluster) ?? run.clusters[0];
    report.state.cluster = cluster.id;
    $("cluster-select").value = String(cluster.id);
    const grid = $("cluster-grid");
    grid.dataset.cluster = String(cluster.id);
    grid.replaceChildren(...cluster.members.map((index) => {
      const thumb = thumbs.get(index);
      const img = document.createElement("img");
      img.src = thumb.src;
      img.alt = `Test image ${index}: ${data.classNames[thumb.label]}`;
      img.title = img.alt;
      img.dataset.index = String(index);
      return img;
    }));
    const matched = cluster.matchedClass === null ? "no class" : data.classNames[cluster.matchedClass];
    $("cluster-summary").textContent = `Cluster ${cluster.id} (matched to ${matched}): ${cluster.size} of ` +
      `${data.nTest} test images; the first ${cluster.members.length} are shown.`;
    const spec = structuredClone(specs.classMix);
    spec.data = {
      values: data.classNames.map((className, k) => ({
        className,
        count: cluster.classCounts[k],
        share: cluster.size > 0 ? cluster.classCounts[k] / cluster.size : 0,
      })),
    };
    spec.title = `Class mix of cluster ${cluster.id}`;
    await embed("classMix", "#class-mix", spec);
  }

  async function drawConfusion() {
    const run = currentRun();
    $("confusion-note").textContent = `Matched accuracy ${(100 * run.accuracy).toFixed(2)}%. ` +
      "Click a column to explore its cluster.";
    const view = await embed("confusion", "#confusion", run.confusion);
    view.addEventListener("click", (_event, item) => {
      const column = item?.datum?.column;
      if (column !== undefined) selectCluster(currentRun().clusters[column].id);
    });
  }

  function fillClusters() {
    const run = currentRun();
    fillSelect(
      $("cluster-select"),
      run.clusters.map((c) => [c.id, `${c.name} (n=${c.size})`]),
      report.state.cluster ?? run.clusters[0].id,
    );
  }

  function showError(error) {
    console.error(error);
    $("explore-error").textContent = `Cannot draw the interactive views: ${error?.message ?? error}`;
    document.body.dataset.ready = "error";
  }

  let pending = Promise.resolve();
  function redraw(parts) {
    pending = pending.then(async () => {
      document.body.dataset.ready = "false";
      if (parts.includes("clusters")) fillClusters();
      if (parts.includes("scatter")) await drawScatter();
      if (parts.includes("cluster")) await drawCluster();
      if (parts.includes("confusion")) await drawConfusion();
      document.body.dataset.ready = "true";
    }).catch(showError);
    report.ready = pending;
    return pending;
  }

  function selectCluster(id) {
    report.state.cluster = Number(id);
    return redraw(["cluster"]);
  }

  report.select = (changes) => {
    Object.assign(report.state, changes);
    const runs = data.runs[report.state.seed];
    if (!runs[report.state.method]) report.state.method = data.methods.find((m) => runs[m.id]).id;
    if (changes.seed !== undefined) $("seed-select").value = String(report.state.seed);
    $("method-select").value = report.state.method;
    if (changes.color !== undefined) $("color-select").value = report.state.color;
    if (changes.seed !== undefined || changes.method !== undefined) {
      return redraw(["clusters", "scatter", "cluster", "confusion"]);
    }
    if (changes.color !== undefined) return redraw(["scatter"]);
    return redraw(["cluster"]);
  };

  const firstRuns = data.runs[data.seeds[0]];
  const method = firstRuns[data.defaultMethod]
    ? data.defaultMethod
    : data.methods.find((m) => firstRuns[m.id]).id;
  report.state = { seed: data.seeds[0], method, color: "cluster", cluster: undefined };
  fillSelect($("seed-select"), data.seeds.map((s) => [s, `Seed ${s}`]), report.state.seed);
  fillSelect($("method-select"), data.methods.map((m) => [m.id, m.label]), report.state.method);
  fillSelect($("color-select"), [["cluster", "Cluster"], ["class", "True class"]], "cluster");
  $("seed-select").addEventListener(
    "change",
    (e) => report.select({ seed: e.target.value, cluster: undefined }),
  );
  $("method-select").addEventListener(
    "change",
    (e) => report.select({ method: e.target.value, cluster: undefined }),
  );
  $("color-select").addEventListener("change", (e) => report.select({ color: e.target.value }));
  $("cluster-select").addEventListener("change", (e) => selectCluster(e.target.value));
  redraw(["clusters", "scatter", "cluster", "confusion"]);
})();
