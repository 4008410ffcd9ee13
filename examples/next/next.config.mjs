import { withImagegen } from 'unplugin-imagegen/next'

/** @type {import('next').NextConfig} */
const nextConfig = {}

export default withImagegen(nextConfig)
