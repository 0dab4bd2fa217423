// Entry point: mounts the workbench (index.html loads this as its only script).
import { render } from 'preact';
import { App } from './app';
import './style.css';

render(<App />, document.getElementById('app')!);
