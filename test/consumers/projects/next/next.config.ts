import type { NextConfig } from 'next'
import { withImagegen } from 'unplugin-imagegen/next'

const nextConfig: NextConfig = {}

export default withImagegen(nextConfig)
