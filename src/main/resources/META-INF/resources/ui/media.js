// The playground's audio and video sections, over app.js's helpers ($, call, run, el, lines, fixed,
// readFile, showError, renderRanks). Model output (transcripts, words, on-screen text) only ever goes
// in through textContent: a transcript can say "<img onerror=…>" and must be shown, not run.
'use strict';

const media = { audio: null, audioName: null, audioUrl: null, video: null, videoName: null, recorder: null };

const seconds = (x) => (typeof x === 'number' ? x.toFixed(2) + ' s' : '–');

/** A data: URI without its type's parameters (MediaRecorder's "audio/webm;codecs=opus"): the API takes type;base64. */
async function dataUri(blob) {
  const uri = await readFile(blob);
  return uri.replace(/^data:([^;,]*)[^,]*;base64,/, (all, type) => 'data:' + (type || 'application/octet-stream')
      + ';base64,');
}

function mediaButtons() {
  const enable = { 'audio-run': media.audio, 'audio-captions-run': media.audio, 'video-run': media.video,
    'video-titles-run': media.video };
  for (const [id, on] of Object.entries(enable)) {
    if (!$(id).hasAttribute('aria-busy')) $(id).disabled = !on;
  }
}

// ---- audio ----------------------------------------------------------------------------------

async function useAudio(blob, name) {
  media.audio = await dataUri(blob);
  media.audioName = name;
  $('audio-name').textContent = 'Recording: ' + name;
  const player = $('audio-player');
  if (media.audioUrl) URL.revokeObjectURL(media.audioUrl);
  media.audioUrl = URL.createObjectURL(blob);
  player.src = media.audioUrl;
  player.hidden = false;
  for (const id of ['timeline', 'segments', 'audio-ranks']) $(id).replaceChildren();
  for (const id of ['transcript', 'audio-meta', 'audio-captions-meta']) $(id).textContent = '';
  mediaButtons();
  await transcribe();
}

/** Each word under the segment it was said in: by its start, else the segment nearest to it. */
function wordsBySegment(segments, words) {
  const grouped = segments.map(() => []);
  for (const word of words || []) {
    let best = -1;
    let distance = Infinity;
    segments.forEach((s, i) => {
      const d = word.start < s.start ? s.start - word.start : word.start > s.end ? word.start - s.end : 0;
      if (d < distance) {
        distance = d;
        best = i;
      }
    });
    if (best >= 0) grouped[best].push(word);
  }
  return grouped;
}

function markSegment(index, on) {
  for (const node of document.querySelectorAll('[data-segment="' + index + '"]')) node.classList.toggle('active', on);
}

function play(from) {
  const player = $('audio-player');
  if (!player.src) return;
  player.currentTime = from;
  player.play().catch(() => { /* a file the browser cannot play is still transcribed */ });
}

function renderTimeline(result) {
  const timeline = $('timeline');
  const list = $('segments');
  const duration = Math.max(result.duration || 0, ...result.segments.map((s) => s.end), 0.001);
  const grouped = wordsBySegment(result.segments, result.words);
  result.segments.forEach((segment, i) => {
    const left = Math.max(0, Math.min(100, (segment.start / duration) * 100));
    const width = Math.max(0.5, Math.min(100 - left, ((segment.end - segment.start) / duration) * 100));
    const block = el('button', { type: 'button', class: 'seg', 'data-segment': String(i),
      style: 'left:' + left.toFixed(2) + '%;width:' + width.toFixed(2) + '%',
      title: seconds(segment.start) + ' – ' + seconds(segment.end) + ': ' + segment.text,
      'aria-label': 'Segment ' + (i + 1) + ', ' + seconds(segment.start) + ' to ' + seconds(segment.end)
        + ': ' + segment.text },
    el('span', { text: segment.text }));
    block.addEventListener('click', () => play(segment.start));
    const words = el('span', { class: 'words' });
    for (const word of grouped[i]) {
      words.append(el('span', { class: 'word', title: seconds(word.start) + ' – ' + seconds(word.end),
        text: word.word }), ' ');
    }
    const item = el('li', { tabindex: '0', 'data-segment': String(i) },
      el('span', { class: 'when', text: seconds(segment.start) + ' – ' + seconds(segment.end) }),
      el('span', { class: 'text', text: segment.text }),
      el('span', { class: 'conf', text: 'confidence ' + fixed(segment.confidence) }),
      words);
    for (const node of [block, item]) {
      for (const type of ['mouseenter', 'focus']) node.addEventListener(type, () => markSegment(i, true));
      for (const type of ['mouseleave', 'blur']) node.addEventListener(type, () => markSegment(i, false));
    }
    timeline.append(block);
    list.append(item);
  });
  timeline.append(el('span', { class: 'axis start', 'aria-hidden': 'true', text: '0 s' }),
    el('span', { class: 'axis end', 'aria-hidden': 'true', text: fixed(duration, 1) + ' s' }));
  if (result.segments.length === 0) list.append(el('li', { class: 'muted', text: 'No speech heard.' }));
}

async function transcribe() {
  await run('audio-run', 'audio-error', async () => {
    for (const id of ['timeline', 'segments']) $(id).replaceChildren();
    $('transcript').textContent = '';
    $('audio-meta').textContent = 'Transcribing…';
    let result;
    try {
      result = await call('/transcribe', { audio: media.audio, words: true });
    } catch (problem) {
      $('audio-meta').textContent = '';
      throw problem;
    }
    renderTimeline(result);
    $('transcript').textContent = result.text || 'No speech heard.';
    $('audio-meta').textContent = result.segments.length + ' segment' + (result.segments.length === 1 ? '' : 's')
      + ' · ' + fixed(result.duration, 2) + ' s · ' + result.model + ' ' + result.version + ' · ' + result.language;
  });
  mediaButtons();
}

async function rankForAudio() {
  await run('audio-captions-run', 'audio-captions-error', async () => {
    $('audio-ranks').replaceChildren();
    $('audio-captions-meta').textContent = '';
    const result = await call('/score-captions', { audio: media.audio, captions: lines('audio-captions') });
    renderRanks($('audio-ranks'), result.captions);
    $('audio-captions-meta').textContent = 'Model ' + result.model + ' in space ' + result.space
      + (result.text ? '; heard: “' + result.text + '”' : '');
  });
  mediaButtons();
}

/** Records from the microphone until Stop, then sends what MediaRecorder made (WebM/Opus in most browsers). */
async function record() {
  showError('audio-error', null);
  if (!navigator.mediaDevices || !window.MediaRecorder) {
    showError('audio-error', { error: 'this browser cannot record here (a microphone needs https or localhost)' });
    return;
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (e) {
    showError('audio-error', { error: 'the microphone: ' + e.message, field: null });
    return;
  }
  const type = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4']
    .find((t) => MediaRecorder.isTypeSupported(t));
  const recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
  const chunks = [];
  const started = Date.now();
  recorder.addEventListener('dataavailable', (e) => { if (e.data.size > 0) chunks.push(e.data); });
  recorder.addEventListener('stop', async () => {
    for (const track of stream.getTracks()) track.stop();
    media.recorder = null;
    $('record').disabled = false;
    $('record-stop').disabled = true;
    const blob = new Blob(chunks, { type: recorder.mimeType || type || 'audio/webm' });
    await useAudio(blob, 'your recording, ' + ((Date.now() - started) / 1000).toFixed(1) + ' s');
  });
  media.recorder = recorder;
  recorder.start();
  $('record').disabled = true;
  $('record-stop').disabled = false;
  $('audio-name').textContent = 'Recording… press Stop to send it.';
}

function stopRecording() {
  if (media.recorder && media.recorder.state !== 'inactive') media.recorder.stop();
}

// ---- video ----------------------------------------------------------------------------------

async function useVideo(file) {
  if (!file) return;
  media.video = await dataUri(file);
  media.videoName = file.name;
  $('video-name').textContent = 'Clip: ' + file.name;
  for (const id of ['shots', 'video-ranks']) $(id).replaceChildren();
  for (const id of ['video-transcript', 'video-meta', 'video-titles-meta']) $(id).textContent = '';
  mediaButtons();
  await readVideo();
}

function renderShots(result) {
  const strip = $('shots');
  for (const shot of result.shots) {
    const range = seconds(shot.start) + ' – ' + seconds(shot.end);
    const figure = el('figure', { class: 'shot' });
    // only the JPEG data: URI read-video makes; anything else is not put in an img
    if (typeof shot.keyframeImage === 'string' && shot.keyframeImage.startsWith('data:image/jpeg;base64,')) {
      figure.append(el('img', { class: 'keyframe', src: shot.keyframeImage,
        alt: 'Keyframe at ' + seconds(shot.keyframe) + (shot.text ? ': ' + shot.text.replace(/\n/g, ' / ') : '') }));
    }
    figure.append(el('figcaption', {},
      el('span', { class: 'when', text: range }),
      el('span', { class: 'shot-text', text: shot.text || 'no text on screen' }),
      el('span', { class: 'conf', text: shot.lines.length + ' line' + (shot.lines.length === 1 ? '' : 's')
          + ' · keyframe at ' + seconds(shot.keyframe) })));
    strip.append(el('li', {}, figure));
  }
  if (result.shots.length === 0) strip.append(el('li', { class: 'muted', text: 'No shots.' }));
}

async function readVideo() {
  await run('video-run', 'video-error', async () => {
    $('shots').replaceChildren();
    $('video-transcript').textContent = '';
    $('video-meta').textContent = 'Reading the clip…';
    let result;
    try {
      result = await call('/read-video', { video: media.video, keyframes: true });
    } catch (problem) {
      $('video-meta').textContent = '';
      throw problem;
    }
    renderShots(result);
    $('video-transcript').textContent = result.transcript || 'No speech heard.';
    $('video-meta').textContent = result.shots.length + ' shot' + (result.shots.length === 1 ? '' : 's') + ' · '
      + fixed(result.duration, 2) + ' s · ' + result.width + '×' + result.height + ' px · ' + fixed(result.fps, 1)
      + ' fps · ' + result.model + ' ' + result.version + (result.speechModel ? ' · ' + result.speechModel : '');
  });
  mediaButtons();
}

async function rankForVideo() {
  await run('video-titles-run', 'video-titles-error', async () => {
    $('video-ranks').replaceChildren();
    $('video-titles-meta').textContent = '';
    const result = await call('/score-captions', { video: media.video, captions: lines('video-titles') });
    renderRanks($('video-ranks'), result.captions);
    $('video-titles-meta').textContent = 'Model ' + result.model + ' in space ' + result.space;
  });
  mediaButtons();
}

// ---- wiring ---------------------------------------------------------------------------------

function dropZone(id, use) {
  const zone = $(id);
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    use(e.dataTransfer.files[0]);
  });
}

function chooseAudio(file) {
  if (file) useAudio(file, file.name);
}

function wireMedia() {
  $('audio-file').addEventListener('change', (e) => chooseAudio(e.target.files[0]));
  $('record').addEventListener('click', record);
  $('record-stop').addEventListener('click', stopRecording);
  $('audio-run').addEventListener('click', transcribe);
  $('audio-captions-run').addEventListener('click', rankForAudio);
  $('video-file').addEventListener('change', (e) => useVideo(e.target.files[0]));
  $('video-run').addEventListener('click', readVideo);
  $('video-titles-run').addEventListener('click', rankForVideo);
  dropZone('audio-drop', chooseAudio);
  dropZone('video-drop', useVideo);
  mediaButtons();
}

wireMedia();
